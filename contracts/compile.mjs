#!/usr/bin/env node
// Compiles the Solidity sources with the pinned solc-js into deterministic artifacts.
//   node compile.mjs          writes artifacts/<Name>.json (src/) and artifacts/test/<Name>.json (test/)
//   node compile.mjs --check  compiles in memory and exits 1 if the committed artifacts differ
// Artifacts are committed so that running the product needs no Node; CI runs --check.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const solc = require("solc");

const ROOT = dirname(fileURLToPath(import.meta.url));
const NODE_MODULES = join(ROOT, "node_modules");
const ARTIFACTS = join(ROOT, "artifacts");
// Production sources in src/, test-only adversaries in test/ (their artifacts go to artifacts/test/).
const GROUPS = [
  { dir: "src", out: "" },
  { dir: "test", out: "test" },
];
// Fixed settings: every field that changes bytecode is pinned here. Shanghai is the newest fork that
// ganache 7.9.2 runs, and py-evm runs it too.
const SETTINGS = {
  evmVersion: "shanghai",
  optimizer: { enabled: true, runs: 200 },
  metadata: { bytecodeHash: "ipfs" },
};

/** All .sol files under `dir` (relative to ROOT), sorted, with forward slashes. */
function solidityFiles(dir) {
  const found = [];
  const walk = (abs) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".sol")) found.push(relative(ROOT, path).split(sep).join("/"));
    }
  };
  walk(join(ROOT, dir));
  return found.sort();
}

/** Resolves imports that are not our own sources: OpenZeppelin from node_modules. */
function findImport(path) {
  const file = path.startsWith("@") ? join(NODE_MODULES, path) : join(ROOT, path);
  return existsSync(file) ? { contents: readFileSync(file, "utf8") } : { error: `not found: ${path}` };
}

function sha256(text) {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Compiles every source once and returns a map of artifact path (relative to artifacts/) to JSON text. */
function build() {
  const sources = {};
  for (const { dir } of GROUPS) {
    for (const file of solidityFiles(dir)) sources[file] = { content: readFileSync(join(ROOT, file), "utf8") };
  }
  const input = {
    language: "Solidity",
    sources,
    settings: {
      ...SETTINGS,
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "metadata"] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  for (const e of output.errors ?? []) process.stderr.write(e.formattedMessage + "\n");
  if (errors.length) throw new Error(`solc reported ${errors.length} error(s)`);

  const artifacts = new Map();
  for (const { dir, out } of GROUPS) {
    // Only top-level files hold deployable contracts; interfaces/ and libraries/ are imported.
    for (const file of solidityFiles(dir).filter((f) => f.split("/").length === 2)) {
      for (const [name, contract] of Object.entries(output.contracts[file] ?? {})) {
        if (!contract.evm.bytecode.object) continue;
        const metadata = JSON.parse(contract.metadata);
        const usedSources = {};
        for (const source of Object.keys(metadata.sources).sort()) {
          usedSources[source] = { sha256: sha256(sources[source]?.content ?? findImport(source).contents) };
        }
        const artifact = {
          contractName: name,
          sourceName: file,
          compiler: { name: "solc-js", version: solc.version() },
          settings: SETTINGS,
          sources: usedSources,
          abi: contract.abi,
          bytecode: "0x" + contract.evm.bytecode.object,
          deployedBytecode: "0x" + contract.evm.deployedBytecode.object,
        };
        artifacts.set(out ? `${out}/${name}.json` : `${name}.json`, JSON.stringify(artifact, null, 2) + "\n");
      }
    }
  }
  return artifacts;
}

/** Artifact files on disk, relative to artifacts/. */
function committedArtifacts() {
  const found = new Map();
  if (!existsSync(ARTIFACTS)) return found;
  const walk = (abs) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".json")) {
        found.set(relative(ARTIFACTS, path).split(sep).join("/"), readFileSync(path, "utf8"));
      }
    }
  };
  walk(ARTIFACTS);
  return found;
}

const fresh = build();
if (process.argv.includes("--check")) {
  const committed = committedArtifacts();
  const problems = [];
  for (const [path, text] of fresh) {
    if (!committed.has(path)) problems.push(`missing: artifacts/${path}`);
    else if (committed.get(path) !== text) problems.push(`differs: artifacts/${path}`);
  }
  for (const path of committed.keys()) if (!fresh.has(path)) problems.push(`stale: artifacts/${path}`);
  if (problems.length) {
    process.stderr.write(problems.join("\n") + "\nrun `make contracts` and commit contracts/artifacts\n");
    process.exit(1);
  }
  process.stdout.write(`artifacts up to date (${fresh.size} contracts, solc ${solc.version()})\n`);
} else {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  for (const [path, text] of fresh) {
    mkdirSync(dirname(join(ARTIFACTS, path)), { recursive: true });
    writeFileSync(join(ARTIFACTS, path), text);
  }
  process.stdout.write(`wrote ${fresh.size} artifacts to ${relative(process.cwd(), ARTIFACTS) || "."}\n`);
}
