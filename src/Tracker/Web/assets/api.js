// Calls to Tracker's /api with the session cookie; state-changing calls carry the antiforgery token.
import { strings } from "./strings.js";

let antiforgery = null;

async function call(method, path, { body, type } = {}) {
  const headers = { Accept: "application/json" };
  if (type) headers["Content-Type"] = type;
  if (method !== "GET" && antiforgery) headers[antiforgery.header] = antiforgery.token;
  let response;
  try {
    response = await fetch(path, { method, headers, body, credentials: "same-origin" });
  } catch {
    return { ok: false, status: 0, message: strings.networkError };
  }
  const data = await response.json().catch(() => null);
  return { ok: response.ok, status: response.status, data, message: data?.message ?? response.statusText };
}

export async function session() {
  const answer = await call("GET", "/api/session");
  antiforgery = answer.ok && answer.data.user ? { header: answer.data["antiforgery-header"], token: answer.data.antiforgery } : null;
  return answer.ok ? answer.data.user : null;
}

export const signIn = (user, password) => call("POST", "/api/session", { body: JSON.stringify({ user, password }), type: "application/json" });
export const signOut = () => call("DELETE", "/api/session");
export const tracking = () => call("GET", "/api/jobs/tracking");
export const track = (ids) => call("POST", "/api/task/track", { body: ids.join("\n"), type: "text/plain" });
