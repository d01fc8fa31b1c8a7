// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title GridWeave's interval settlement (ADR 0013)
/// @notice Per delivery interval the operator commits two Merkle roots (the delivered trades and
/// the signed meter readings the delivery check used) and one packed net delta per participant
/// that traded. Trades stay off chain; a prosumer proves one with `verifyTrade`.
/// @dev Packed delta entry (128 bits, two per uint256 word, high half first):
/// uint32 participantIndex (top 32 bits) | int96 deltaMicros (two's complement, low 96 bits).
/// An all-zero entry is padding. Participant slot: int96 balanceMicros (high 96 bits) |
/// address account (low 160 bits), never zero once registered, so a settlement's balance write is
/// always non-zero to non-zero.
contract EnergySettlement {
    struct Interval {
        bytes32 tradesRoot;
        bytes32 readingsRoot;
        uint32 parts;
        uint32 partsDone;
        uint64 partsMask;
    }

    uint256 private constant MAX_PARTS = 64;
    uint256 private constant LOW_96 = (1 << 96) - 1;
    uint256 private constant LOW_128 = (1 << 128) - 1;

    uint64 public immutable intervalSeconds;

    address public owner;
    uint32 private count;

    mapping(uint256 index => uint256 slot) private participants;
    mapping(address account => uint256 indexPlusOne) private indexes;
    mapping(address account => bool) private operators;
    mapping(uint64 intervalId => Interval) private intervals;

    event ParticipantRegistered(uint32 indexed index, address indexed account, bytes32 siteRef);
    event IntervalPartSettled(uint64 indexed intervalId, uint32 part, uint32 parts, uint256[] deltas);
    event IntervalSettled(uint64 indexed intervalId, bytes32 tradesRoot, bytes32 readingsRoot, uint32 parts);
    /// @notice The operator set changed (emitted only on a change, so nodes can follow the set from
    /// the logs: the deployer's at construction, then each addition and removal).
    event OperatorAdded(address indexed operator);
    event OperatorRemoved(address indexed operator);

    error NotOwner(address caller);
    error NotOperator(address caller);
    error ZeroIntervalSeconds();
    error ZeroAccount();
    error LengthMismatch(uint256 accounts, uint256 siteRefs);
    error AlreadyRegistered(address account, uint32 index);
    error TooManyParticipants();
    error IntervalNotAligned(uint64 intervalId, uint64 intervalSeconds);
    error IntervalNotEnded(uint64 intervalId, uint256 endsAt, uint256 blockTimestamp);
    error PartOutOfRange(uint32 part, uint32 parts);
    error PartAlreadySettled(uint64 intervalId, uint32 part);
    error PartsMismatch(uint64 intervalId, uint32 committedParts, uint32 parts);
    error RootsMismatch(uint64 intervalId);
    error UnknownParticipant(uint32 index);
    error NonZeroSum(int256 sum);
    error BalanceOverflow(uint32 index);

    /// @param intervalSeconds_ the delivery interval's length; interval ids are multiples of it
    /// @dev The deployer becomes owner, operator and participant 0, the clearing account.
    constructor(uint64 intervalSeconds_) {
        if (intervalSeconds_ == 0) revert ZeroIntervalSeconds();
        intervalSeconds = intervalSeconds_;
        owner = msg.sender;
        operators[msg.sender] = true;
        participants[0] = uint160(msg.sender);
        indexes[msg.sender] = 1;
        count = 1;
        emit OperatorAdded(msg.sender);
        emit ParticipantRegistered(0, msg.sender, bytes32(0));
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    modifier onlyOperator() {
        if (!operators[msg.sender]) revert NotOperator(msg.sender);
        _;
    }

    /// @notice Makes `account` an operator; emits OperatorAdded unless it already is one.
    function addOperator(address account) external onlyOwner {
        if (account == address(0)) revert ZeroAccount();
        if (operators[account]) return;
        operators[account] = true;
        emit OperatorAdded(account);
    }

    /// @notice Takes `account`'s operator role; emits OperatorRemoved unless it had none.
    function removeOperator(address account) external onlyOwner {
        if (!operators[account]) return;
        operators[account] = false;
        emit OperatorRemoved(account);
    }

    /// @notice Registers accounts under the next indexes, in order. `siteRefs[i]` is
    /// keccak256(utf8(siteId)) of `accounts[i]`'s site; it is logged, not stored.
    function registerParticipants(address[] calldata accounts, bytes32[] calldata siteRefs)
        external
        onlyOperator
    {
        uint256 n = accounts.length;
        if (n != siteRefs.length) revert LengthMismatch(n, siteRefs.length);
        uint256 next = count;
        if (next + n > type(uint32).max) revert TooManyParticipants();
        for (uint256 i; i < n;) {
            address account = accounts[i];
            if (account == address(0)) revert ZeroAccount();
            uint256 known = indexes[account];
            if (known != 0) revert AlreadyRegistered(account, uint32(known - 1));
            participants[next] = uint160(account);
            unchecked {
                indexes[account] = next + 1;
            }
            emit ParticipantRegistered(uint32(next), account, siteRefs[i]);
            unchecked {
                ++next;
                ++i;
            }
        }
        count = uint32(next);
    }

    /// @notice Settles one part of an interval: applies its packed deltas (which must sum to zero)
    /// to the participants' balances. When the last missing part lands, the interval is settled.
    function commitInterval(
        uint64 intervalId,
        bytes32 tradesRoot,
        bytes32 readingsRoot,
        uint32 part,
        uint32 parts,
        uint256[] calldata deltas
    ) external onlyOperator {
        uint64 length = intervalSeconds;
        if (intervalId % length != 0) revert IntervalNotAligned(intervalId, length);
        uint256 endsAt = uint256(intervalId) + length;
        if (endsAt > block.timestamp) revert IntervalNotEnded(intervalId, endsAt, block.timestamp);
        if (parts == 0 || parts > MAX_PARTS || part >= parts) revert PartOutOfRange(part, parts);

        Interval storage record = intervals[intervalId];
        uint32 committedParts = record.parts;
        if (committedParts == 0) {
            record.tradesRoot = tradesRoot;
            record.readingsRoot = readingsRoot;
            record.parts = parts;
        } else {
            if (committedParts != parts) revert PartsMismatch(intervalId, committedParts, parts);
            if (record.tradesRoot != tradesRoot || record.readingsRoot != readingsRoot) {
                revert RootsMismatch(intervalId);
            }
        }
        uint64 bit = uint64(1) << part;
        uint64 mask = record.partsMask;
        if (mask & bit != 0) revert PartAlreadySettled(intervalId, part);
        uint32 done = record.partsDone + 1;
        record.partsMask = mask | bit;
        record.partsDone = done;

        int256 sum = _apply(deltas);
        if (sum != 0) revert NonZeroSum(sum);

        emit IntervalPartSettled(intervalId, part, parts, deltas);
        if (done == parts) emit IntervalSettled(intervalId, tradesRoot, readingsRoot, parts);
    }

    function _apply(uint256[] calldata deltas) private returns (int256 sum) {
        uint256 known = count;
        uint256 n = deltas.length;
        for (uint256 i; i < n;) {
            uint256 word = deltas[i];
            sum += _applyEntry(word >> 128, known);
            sum += _applyEntry(word & LOW_128, known);
            unchecked {
                ++i;
            }
        }
    }

    function _applyEntry(uint256 entry, uint256 known) private returns (int256 delta) {
        if (entry == 0) return 0;
        uint256 index = entry >> 96;
        if (index >= known) revert UnknownParticipant(uint32(index));
        delta = int96(uint96(entry));
        uint256 slot = participants[index];
        int256 balance = int256(int96(uint96(slot >> 160))) + delta;
        if (balance > type(int96).max || balance < type(int96).min) revert BalanceOverflow(uint32(index));
        participants[index] = (uint256(uint96(int96(balance))) << 160) | (slot & type(uint160).max);
    }

    /// @notice Whether a trade is in a fully settled interval's trades root. False while any part
    /// of the interval is missing.
    function verifyTrade(
        uint64 intervalId,
        bytes32 tradeId,
        address seller,
        address buyer,
        uint64 wh,
        uint64 priceMicros,
        bytes32[] calldata proof
    ) external view returns (bool) {
        Interval storage record = intervals[intervalId];
        uint32 parts = record.parts;
        if (parts == 0 || record.partsDone != parts) return false;
        bytes32 node =
            keccak256(bytes.concat(keccak256(abi.encode(intervalId, tradeId, seller, buyer, wh, priceMicros))));
        uint256 n = proof.length;
        for (uint256 i; i < n;) {
            node = _hashPair(node, proof[i]);
            unchecked {
                ++i;
            }
        }
        return node == record.tradesRoot;
    }

    function _hashPair(bytes32 a, bytes32 b) private pure returns (bytes32 value) {
        (bytes32 low, bytes32 high) = a < b ? (a, b) : (b, a);
        assembly ("memory-safe") {
            mstore(0x00, low)
            mstore(0x20, high)
            value := keccak256(0x00, 0x40)
        }
    }

    function interval(uint64 intervalId)
        external
        view
        returns (bytes32 tradesRoot, bytes32 readingsRoot, uint32 parts, uint32 partsDone, bool settled)
    {
        Interval storage i = intervals[intervalId];
        return (i.tradesRoot, i.readingsRoot, i.parts, i.partsDone, i.parts != 0 && i.partsDone == i.parts);
    }

    function isPartSettled(uint64 intervalId, uint32 part) external view returns (bool) {
        return part < MAX_PARTS && intervals[intervalId].partsMask & (uint64(1) << part) != 0;
    }

    /// @notice The account's balance in micro-units; 0 for an unregistered account.
    function balanceOf(address account) external view returns (int256) {
        uint256 known = indexes[account];
        if (known == 0) return 0;
        return int96(uint96(participants[known - 1] >> 160));
    }

    function participant(uint32 index) external view returns (address account, int256 balance) {
        if (index >= count) revert UnknownParticipant(index);
        uint256 slot = participants[index];
        return (address(uint160(slot)), int96(uint96(slot >> 160)));
    }

    function indexOf(address account) external view returns (bool registered, uint32 index) {
        uint256 known = indexes[account];
        if (known == 0) return (false, 0);
        return (true, uint32(known - 1));
    }

    function participantCount() external view returns (uint32) {
        return count;
    }

    function isOperator(address account) external view returns (bool) {
        return operators[account];
    }
}
