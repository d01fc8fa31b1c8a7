package org.gridweave.controller.service.web;

/** Every error the API returns: a sentence and, for bad input, the offending field. */
public record ApiError(String error, String field) {}
