// Unknown fields: the OpenAPI schemas let them through (the API server then drops or refuses them), so a
// misspelt field (`imagee`, `readinesProbe`) would pass schema validation and do nothing. The field names of each
// type are read from the models' TypeScript declarations (`export declare class X { "field"?: Type; … }`), the
// same generated source as the schemas; a field whose type is not a declared model (maps, quantities,
// int-or-string, inline CRD objects) is not looked into.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const NODE_MODULES = path.resolve(fileURLToPath(import.meta.url), "../../../node_modules");
const shapes = new Map();

function declarationOf(obj) {
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  return [
    path.join(NODE_MODULES, "kubernetes-models", group, version, `${obj.kind}.d.ts`),
    path.join(NODE_MODULES, "@kubernetes-models", "prometheus-operator", group, version, `${obj.kind}.d.ts`),
  ].find((file) => existsSync(file));
}

// The declared fields of the class in a .d.ts file, each with its type text; null for a type alias (a leaf).
function shape(file) {
  if (!shapes.has(file)) {
    const text = readFileSync(file, "utf8");
    const imports = new Map();
    for (const m of text.matchAll(/import \{ ([^}]+) \} from "([^"]+)";/g)) {
      m[1].split(",").forEach((name) => imports.set(name.trim(), m[2]));
    }
    const start = text.search(/^export declare class \w+/m);
    let fields = null;
    if (start >= 0) {
      fields = new Map();
      let current = null;
      for (const line of text.slice(start).split("\n").slice(1)) {
        if (line.startsWith("}")) {
          break;
        }
        const field = line.match(/^ {4}"([^"]+)"\??: (.*)$/);
        if (field) {
          current = { type: field[2] };
          fields.set(field[1], current);
        } else if (/^ {4}\S/.test(line)) {
          current = null; // static members, constructor, comments
        } else if (current) {
          current.type += ` ${line.trim()}`;
        }
      }
    }
    shapes.set(file, fields && { file, imports, fields });
  }
  return shapes.get(file);
}

function resolve(from, specifier) {
  if (specifier.startsWith(".")) {
    return path.resolve(path.dirname(from), specifier.replace(/\.js$/, ".d.ts"));
  }
  for (let dir = path.dirname(from); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "node_modules", `${specifier}.d.ts`);
    if (existsSync(file)) {
      return file;
    }
  }
  return null;
}

// The declaration file of a field's type when it is a model or an array of models, else null.
function fieldType(s, type) {
  const model = type.replace(/;$/, "").trim().match(/^(?:Array<)?(I\w+)>?$/);
  return model && s.imports.has(model[1]) ? resolve(s.file, s.imports.get(model[1])) : null;
}

function walk(value, file, where, out) {
  const s = file && existsSync(file) ? shape(file) : null;
  if (!s || value === null || typeof value !== "object" || Array.isArray(value)) {
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    const field = s.fields.get(key);
    if (!field) {
      out.push(`${where}/${key}: unknown field`);
      continue;
    }
    const next = fieldType(s, field.type);
    if (next) {
      (Array.isArray(v) ? v : [v]).forEach((item, i) =>
        walk(item, next, Array.isArray(v) ? `${where}/${key}/${i}` : `${where}/${key}`, out));
    }
  }
}

/** `/spec/template/spec/containers/0/imagee: unknown field` for each field no model declares. */
export function unknownFields(obj) {
  const out = [];
  walk(obj, declarationOf(obj), "", out);
  return out;
}
