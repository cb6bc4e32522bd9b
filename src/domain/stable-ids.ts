// Fixed namespace for the UUIDs derived from other systems' ids (UUID v5):
// WordPress guids as they are, Disqus ids as `disqus:<kind>:<id>`.
const NAMESPACE = "6f1c3e0a-8d2b-5c47-9a1e-2b7d4f0c8e51";

/** A stable UUID (v5) for an id from another system: re-imports find the same row. */
export async function stableUuid(name: string): Promise<string> {
  const namespace = Uint8Array.from(NAMESPACE.replace(/-/g, "").match(/../g)!, (byte) => parseInt(byte, 16));
  const bytes = new Uint8Array([...namespace, ...new TextEncoder().encode(name)]);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-1", bytes)).slice(0, 16);
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = [...hash].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
