// Validates Kubernetes manifests offline: node validate.mjs FILE.yaml...
//
// 1. Each document is checked against its kind's JSON schema with kubernetes-models (types, formats, required
//    fields, enums): the schema of the Kubernetes version that package was generated from.
// 2. Those schemas allow unknown fields (the API server would prune or reject them at apply time, when it is too
//    late), so every object is also walked against the model's TypeScript declaration (.d.ts) and any field the
//    declaration does not name is an error: a misspelt `imagePullPolcy` or a field at the wrong level fails here.
// Prints one line per document and exits 1 if any document fails.
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import YAML from "yaml";

const require = createRequire(import.meta.url);
const modelsRoot = path.dirname(require.resolve("kubernetes-models/package.json"));
const nodeModules = path.dirname(modelsRoot);

// --- model lookup -----------------------------------------------------------------------------------------------
function modelDir(apiVersion) {
  // core "v1" -> kubernetes-models/v1; "apps/v1" -> kubernetes-models/apps/v1; "rbac.authorization.k8s.io/v1" likewise
  return path.join(modelsRoot, apiVersion);
}

async function loadModel(apiVersion, kind) {
  const base = path.join(modelDir(apiVersion), kind);
  if (!existsSync(base + ".js")) return null;
  const mod = require(base + ".js");
  return { cls: mod[kind], dts: base + ".d.ts" };
}

// --- strict field check from .d.ts -------------------------------------------------------------------------------
const interfaceCache = new Map();

// Parses `export interface IName { "prop"?: Type; ... }` of a .d.ts file into { props: Map<name, typeText>, imports }.
function parseDts(file) {
  if (interfaceCache.has(file)) return interfaceCache.get(file);
  const text = readFileSync(file, "utf8").replace(/\/\*\*[\s\S]*?\*\//g, "");
  const imports = new Map();
  for (const m of text.matchAll(/import \{ ([^}]+) \} from "([^"]+)";/g)) {
    for (const name of m[1].split(",").map((s) => s.trim())) imports.set(name, m[2]);
  }
  let result = { kind: "opaque", imports };
  const start = text.search(/export interface I\w+ (extends TypeMeta )?\{/);
  if (start >= 0) {
    const props = parseMembers(block(text, text.indexOf("{", start)));
    // TypeMeta (apiVersion, kind) comes from @kubernetes-models/base; kubernetes-models checks their values.
    if (/extends TypeMeta/.test(text.slice(start, text.indexOf("{", start)))) {
      props.set("apiVersion", "string");
      props.set("kind", "string");
    }
    result = { kind: "object", props, imports };
  }
  interfaceCache.set(file, result);
  return result;
}

// The text between the brace at `open` and its match.
function block(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error("unbalanced braces");
}

// Top-level members `"name"?: type;` of an interface body (types may span lines and nest braces).
function parseMembers(body) {
  const props = new Map();
  let i = 0;
  while (i < body.length) {
    const m = /\s*"([^"]+)"\??:\s*/y;
    m.lastIndex = i;
    const hit = m.exec(body);
    if (!hit) {
      const idx = /\s*\[key: string\]:\s*/y;
      idx.lastIndex = i;
      const ih = idx.exec(body);
      if (!ih) break;
      const [type, next] = readType(body, idx.lastIndex);
      props.set("*", type);
      i = next;
      continue;
    }
    const [type, next] = readType(body, m.lastIndex);
    props.set(hit[1], type);
    i = next;
  }
  return props;
}

function readType(body, i) {
  let depth = 0;
  let j = i;
  for (; j < body.length; j++) {
    const c = body[j];
    if (c === "{" || c === "<" || c === "(") depth++;
    else if (c === "}" || c === ">" || c === ")") depth--;
    else if (c === ";" && depth === 0) break;
  }
  return [body.slice(i, j).trim(), j + 1];
}

function resolveImport(fromFile, spec) {
  const p = spec.startsWith(".") ? path.resolve(path.dirname(fromFile), spec) : path.join(nodeModules, spec);
  return p + ".d.ts";
}

// Checks `value` against TypeScript type text `type` declared in `file`; pushes "path: message" to errors.
function checkType(value, type, file, where, errors) {
  type = type.trim();
  if (value === null || value === undefined) return;
  let m;
  if ((m = /^Array<([\s\S]+)>$/.exec(type))) {
    if (Array.isArray(value)) value.forEach((v, i) => checkType(v, m[1], file, `${where}[${i}]`, errors));
    return;
  }
  if (type.startsWith("{")) {
    // An inline object: either a map ({ [key: string]: T }) or named members.
    const props = parseMembers(block(type, 0));
    checkObject(value, props, file, where, errors);
    return;
  }
  if (/^I[A-Za-z0-9]+$/.test(type)) {
    const { imports } = parseDts(file);
    const spec = imports.get(type);
    if (!spec) return; // a type declared in the same file: aliases like IntOrString, nothing to walk
    const target = resolveImport(file, spec);
    if (!existsSync(target)) return;
    const parsed = parseDts(target);
    if (parsed.kind === "object") checkObject(value, parsed.props, target, where, errors);
    return;
  }
  // string, number, boolean, unions of literals, any: kubernetes-models' schema validation covers them.
}

function checkObject(value, props, file, where, errors) {
  if (typeof value !== "object" || Array.isArray(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (props.has(k)) checkType(v, props.get(k), file, `${where}.${k}`, errors);
    else if (props.has("*")) checkType(v, props.get("*"), file, `${where}.${k}`, errors);
    else {
      const allowed = [...props.keys()].filter((p) => p !== "*").join(", ");
      errors.push(`${where}.${k}: unknown field (expected one of: ${allowed})`);
    }
  }
}

// --- main ------------------------------------------------------------------------------------------------------
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE.yaml...");
  process.exit(2);
}
let failed = 0;
let count = 0;
for (const file of files) {
  const docs = YAML.parseAllDocuments(readFileSync(file, "utf8"));
  for (const [i, doc] of docs.entries()) {
    if (doc.errors.length) {
      console.log(`FAIL ${file}#${i}: YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      failed++;
      continue;
    }
    const obj = doc.toJS();
    if (obj === null || obj === undefined) continue;
    count++;
    const id = `${file}#${i} ${obj.kind}/${obj.metadata?.name}`;
    if (!obj.apiVersion || !obj.kind) {
      console.log(`FAIL ${id}: apiVersion and kind are required`);
      failed++;
      continue;
    }
    // Only GA APIs: beta and alpha versions get removed (rbac v1beta1 went in Kubernetes 1.22), and a manifest
    // that names one stops applying on the next cluster upgrade.
    if (/(alpha|beta)\d*$/.test(obj.apiVersion)) {
      console.log(`FAIL ${id}: ${obj.apiVersion} is not a GA API version (use the v1 API of ${obj.kind})`);
      failed++;
      continue;
    }
    const model = await loadModel(obj.apiVersion, obj.kind);
    if (!model) {
      console.log(`FAIL ${id}: no schema for ${obj.apiVersion} ${obj.kind} (unknown or removed API version)`);
      failed++;
      continue;
    }
    const errors = [];
    try {
      new model.cls(obj).validate();
    } catch (e) {
      errors.push(`schema: ${e.message}`);
    }
    const parsed = parseDts(model.dts);
    if (parsed.kind !== "object") errors.push(`cannot read the declaration of ${obj.kind} in ${model.dts}`);
    else checkObject(obj, parsed.props, model.dts, "", errors);
    if (errors.length) {
      console.log(`FAIL ${id}: ${errors.join("; ")}`);
      failed++;
    } else {
      console.log(`OK   ${id}`);
    }
  }
}
console.log(`${count - failed} valid, ${failed} invalid`);
process.exit(failed ? 1 : 0);
