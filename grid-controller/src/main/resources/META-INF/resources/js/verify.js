// Checks a settled trade in the browser, trusting neither this page's server nor its own copy:
// (1) recompute the trade's Merkle leaf from its fields and fold the proof into the root
// (OpenZeppelin sorted pairs), (2) ask the settlement contract on chain (interval(id) and
// verifyTrade(...)). Used by the operator's settlement page and the prosumer page.

const ETHERS_URL = '/vendor/ethers-6.16.0/ethers.umd.min.js';
const ABI = [
  'function verifyTrade(uint64,bytes32,address,address,uint64,uint64,bytes32[]) view returns (bool)',
  'function interval(uint64) view returns (bytes32 tradesRoot, bytes32 readingsRoot, uint32 parts, uint32 partsDone, bool settled)',
];
const CHAIN_TIMEOUT_MS = 15000;
let ethersPromise = null;

/** Loads the vendored ethers UMD build once (global `ethers`). */
export function loadEthers() {
  if (globalThis.ethers) return Promise.resolve(globalThis.ethers);
  if (!ethersPromise) {
    ethersPromise = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = ETHERS_URL;
      s.onload = () => (globalThis.ethers ? resolve(globalThis.ethers) : reject(new Error('ethers did not load')));
      s.onerror = () => {
        ethersPromise = null;
        reject(new Error(`cannot load ${ETHERS_URL}`));
      };
      document.head.append(s);
    });
  }
  return ethersPromise;
}

/** Why chain verification is impossible with this config, or null when it is possible. */
export function unavailableReason(config) {
  if (!config) return 'The console configuration could not be loaded.';
  if (!config.chain_rpc_url) return 'No chain RPC is configured (settlement on chain is off).';
  if (!config.contract) return 'No settlement contract is deployed yet.';
  return null;
}

/** Recomputes the double-hashed trade leaf (ADR 0013). */
export function tradeLeaf(ethers, p) {
  const tradeId = ethers.id(p.trade_id);
  const inner = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(
    ['uint64', 'bytes32', 'address', 'address', 'uint64', 'uint64'],
    [BigInt(p.interval_id), tradeId, p.seller, p.buyer, BigInt(p.wh), BigInt(p.price_micros)]));
  return { tradeId, leaf: ethers.keccak256(inner) };
}

/** Folds a proof with sorted pairs: node = keccak256(min(a,b) ‖ max(a,b)). */
export function foldProof(ethers, leaf, proof) {
  let node = leaf.toLowerCase();
  for (const sibling of proof || []) {
    const s = sibling.toLowerCase();
    node = ethers.keccak256(node < s ? ethers.concat([node, s]) : ethers.concat([s, node]));
  }
  return node;
}

function withTimeout(promise, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHAIN_TIMEOUT_MS / 1000} s`)), CHAIN_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Verifies one proof document (`/settlements/{interval}/proof/{tradeId}` shape). Resolves to
 * `{ok, message, block, checks: [{name, ok, detail}]}`; never rejects.
 */
export async function verifyProof(p, config, expectedRoot = null) {
  const checks = [];
  const fail = (name, detail) => {
    checks.push({ name, ok: false, detail });
    return { ok: false, message: `✗ ${name}: ${detail}`, checks, block: null };
  };
  let ethers;
  try {
    ethers = await loadEthers();
  } catch (e) {
    return fail('Library', e.message);
  }
  // (1) the proof itself
  let leaf;
  try {
    const computed = tradeLeaf(ethers, p);
    if (p.trade_id_hash && computed.tradeId.toLowerCase() !== p.trade_id_hash.toLowerCase()) {
      return fail('Trade id', `keccak256("${p.trade_id}") is ${computed.tradeId}, the proof says ${p.trade_id_hash}`);
    }
    leaf = computed.leaf;
    if (p.leaf && leaf.toLowerCase() !== p.leaf.toLowerCase()) {
      return fail('Leaf', `the trade's fields hash to ${leaf}, not to the proof's leaf ${p.leaf}`);
    }
    checks.push({ name: 'Leaf', ok: true, detail: leaf });
    const root = foldProof(ethers, leaf, p.proof);
    if (!p.root || root !== p.root.toLowerCase()) {
      return fail('Merkle proof', `folding the proof gives ${root}, not the root ${p.root}`);
    }
    checks.push({ name: 'Merkle proof', ok: true, detail: root });
    if (expectedRoot && expectedRoot.toLowerCase() !== root) {
      return fail('Trades root', `the proof's root ${root} is not the interval's trades root ${expectedRoot}`);
    }
  } catch (e) {
    return fail('Proof', `the proof cannot be read (${e.message})`);
  }
  // (2) the chain
  const why = unavailableReason(config);
  const contractAddress = config?.contract || p.contract;
  if (why && !(config?.chain_rpc_url && contractAddress)) {
    return fail('Chain', why);
  }
  try {
    const network = config.chain_id ? Number(config.chain_id) : undefined;
    const provider = new ethers.JsonRpcProvider(config.chain_rpc_url, network, network ? { staticNetwork: true } : {});
    const contract = new ethers.Contract(contractAddress, ABI, provider);
    const block = await withTimeout(provider.getBlockNumber(), 'The chain RPC');
    const iv = await withTimeout(contract.interval(BigInt(p.interval_id), { blockTag: block }), 'The contract');
    if (!iv.settled) {
      provider.destroy();
      return fail('On chain', `interval ${p.interval_id} is not settled on chain yet (${iv.partsDone}/${iv.parts} parts)`);
    }
    if (iv.tradesRoot.toLowerCase() !== p.root.toLowerCase()) {
      provider.destroy();
      return fail('On chain', `the contract's trades root ${iv.tradesRoot} differs from the proof's root ${p.root}`);
    }
    checks.push({ name: 'Root on chain', ok: true, detail: iv.tradesRoot });
    const ok = await withTimeout(contract.verifyTrade(
      BigInt(p.interval_id), ethers.id(p.trade_id), p.seller, p.buyer, BigInt(p.wh), BigInt(p.price_micros), p.proof,
      { blockTag: block }), 'The contract');
    provider.destroy();
    if (!ok) return fail('On chain', 'the contract\'s verifyTrade answered false');
    checks.push({ name: 'verifyTrade', ok: true, detail: `block ${block}` });
    return { ok: true, message: `✓ verified on chain (block ${block})`, checks, block };
  } catch (e) {
    return fail('Chain', `the chain could not be asked: ${e.shortMessage || e.message}`);
  }
}

/** Shows a result in a `.verify-result` element (data-verified="true|false"). */
export function showResult(el, result) {
  el.dataset.verified = String(result.ok);
  el.textContent = result.message;
  el.title = result.checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`).join('\n');
}

/**
 * Wires a Verify button: `getProof()` resolves the proof document; the result lands in `resultEl`.
 * With no chain configured the button is disabled and says why.
 */
export function wireVerify(button, resultEl, getProof, config, expectedRoot = null) {
  const why = unavailableReason(config);
  if (why) {
    button.disabled = true;
    button.title = why;
    resultEl.textContent = why;
    resultEl.classList.add('muted');
    return;
  }
  button.addEventListener('click', async () => {
    button.disabled = true;
    resultEl.removeAttribute('data-verified');
    resultEl.textContent = 'Checking…';
    let result;
    try {
      const proof = await getProof();
      result = await verifyProof(proof, config, expectedRoot);
    } catch (e) {
      result = { ok: false, message: `✗ Proof: could not be fetched (${e.message})`, checks: [], block: null };
    }
    showResult(resultEl, result);
    button.disabled = false;
  });
}
