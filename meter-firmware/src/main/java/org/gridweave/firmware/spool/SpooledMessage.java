package org.gridweave.firmware.spool;

/**
 * One encoded, signed message waiting in the spool.
 *
 * @param sequence the message's sequence number
 * @param payload the bytes to publish, exactly as appended
 */
public record SpooledMessage(long sequence, byte[] payload) {}
