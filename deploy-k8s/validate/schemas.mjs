// Validates rendered objects against the Kubernetes OpenAPI schemas (kubernetes-models) and the Prometheus
// Operator CRD schemas (@kubernetes-models/prometheus-operator): types, required fields, enums, formats.
import * as core from "kubernetes-models";
import * as prometheusOperator from "@kubernetes-models/prometheus-operator";
import { unknownFields } from "./strict-fields.mjs";

const groups = { ...core, ...prometheusOperator };

// "networking.k8s.io" -> "networkingK8sIo", the package's export name for an API group.
function exportName(group) {
  return group.split(".").map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join("");
}

export function modelOf(obj) {
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  const versions = group === "" ? { v1: core.v1 } : groups[exportName(group)];
  const Model = versions?.[version]?.[obj.kind];
  return Model && Model.apiVersion === obj.apiVersion && Model.kind === obj.kind ? Model : undefined;
}

/** Messages for one object; empty when it conforms. */
export function schemaErrors(obj) {
  if (typeof obj?.apiVersion !== "string" || typeof obj?.kind !== "string") {
    return ["apiVersion and kind are required"];
  }
  const Model = modelOf(obj);
  if (!Model) {
    return [`no schema for ${obj.apiVersion} ${obj.kind} (not a Kubernetes or Prometheus Operator kind)`];
  }
  const errors = [];
  try {
    new Model(obj).validate();
  } catch (e) {
    for (const error of e.errors ?? [{ instancePath: "", message: e.message }]) {
      const allowed = error.params?.allowedValues ? ` (allowed: ${error.params.allowedValues.join(", ")})` : "";
      const missing = error.params?.missingProperty ? ` '${error.params.missingProperty}'` : "";
      errors.push(`${error.instancePath || "/"}: ${error.message ?? error.keyword}${missing}${allowed}`);
    }
  }
  // The schemas admit unknown fields (the API server drops or refuses them); a misspelt field is a mistake here.
  errors.push(...unknownFields(obj));
  return errors;
}
