// Compiles the settlement contracts with the pinned solc-js (standard JSON, fixed settings) and
// writes each contract's ABI (<Name>.abi.json) and creation bytecode (<Name>.bin, hex) to the
// output folder: by default the module's resources, where they are committed.
//
//   node build.mjs [outputDir]
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";

const SOLC_VERSION = "0.8.37";
const CONTRACTS = ["EnergySettlement", "NaiveSettlement"];

const here = dirname(fileURLToPath(import.meta.url));
const outputDir = resolve(process.argv[2] ?? join(here, "..", "src", "main", "resources", "org", "gridweave", "settlement"));

if (!solc.version().startsWith(SOLC_VERSION + "+")) {
  console.error(`build.mjs: solc ${SOLC_VERSION} expected, found ${solc.version()} (run npm ci)`);
  process.exit(1);
}

const input = {
  language: "Solidity",
  sources: Object.fromEntries(
    CONTRACTS.map((name) => [`${name}.sol`, { content: readFileSync(join(here, `${name}.sol`), "utf8") }])
  ),
  settings: {
    optimizer: { enabled: true, runs: 1000 },
    evmVersion: "cancun",
    metadata: { bytecodeHash: "none", appendCBOR: false },
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input)));
const problems = output.errors ?? [];
for (const problem of problems) {
  console.error(problem.formattedMessage);
}
if (problems.some((problem) => problem.severity === "error")) {
  process.exit(1);
}

mkdirSync(outputDir, { recursive: true });
for (const name of CONTRACTS) {
  const contract = output.contracts[`${name}.sol`][name];
  writeFileSync(join(outputDir, `${name}.abi.json`), JSON.stringify(contract.abi, null, 2) + "\n");
  writeFileSync(join(outputDir, `${name}.bin`), contract.evm.bytecode.object + "\n");
  console.log(`build.mjs: ${name} -> ${join(outputDir, name)}.{abi.json,bin} (${contract.evm.bytecode.object.length / 2} bytes)`);
}
