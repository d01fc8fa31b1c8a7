// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title The naive settlement design, kept as the benchmark's baseline (ADR 0013)
/// @notice One transaction per trade: it stores a trade record, moves the trade's value between
/// two balances and emits an event. Lean on purpose (a one-slot record, int256 balances), so the
/// comparison with EnergySettlement is fair.
contract NaiveSettlement {
    address public immutable operator;

    /// tradeId => intervalId (bits 192..255) | wh (128..191) | priceMicros (64..127) | block (0..63)
    mapping(bytes32 tradeId => uint256 record) public trades;
    mapping(address account => int256 micros) public balanceOf;

    event TradeSettled(
        bytes32 indexed tradeId, address indexed seller, address indexed buyer, uint64 intervalId, uint64 wh, uint64 priceMicros
    );

    error NotOperator(address caller);
    error TradeAlreadySettled(bytes32 tradeId);

    constructor() {
        operator = msg.sender;
    }

    /// @notice Settles one trade: the seller is credited wh * priceMicros / 1000 (price per kWh),
    /// the buyer debited the same.
    function settleTrade(uint64 intervalId, bytes32 tradeId, address seller, address buyer, uint64 wh, uint64 priceMicros)
        external
    {
        if (msg.sender != operator) revert NotOperator(msg.sender);
        if (trades[tradeId] != 0) revert TradeAlreadySettled(tradeId);
        trades[tradeId] = (uint256(intervalId) << 192) | (uint256(wh) << 128) | (uint256(priceMicros) << 64)
            | uint256(uint64(block.number));
        int256 amount = int256(uint256(wh) * priceMicros / 1000);
        balanceOf[seller] += amount;
        balanceOf[buyer] -= amount;
        emit TradeSettled(tradeId, seller, buyer, intervalId, wh, priceMicros);
    }
}
