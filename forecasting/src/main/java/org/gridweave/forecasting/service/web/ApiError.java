package org.gridweave.forecasting.service.web;

/** The body of every error answer: a sentence and, for validation errors, the offending field. */
public record ApiError(String error, String field) {}
