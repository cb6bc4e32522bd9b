/**
 * The key abuse controls count a client by, from `CF-Connecting-IP` (set by
 * Cloudflare; `X-Forwarded-For` and friends are forgeable and ignored). IPv6
 * clients are bucketed by their /64, which one subscriber usually owns whole.
 */
export function clientAddressKey(connectingIp: string | undefined | null): string {
  const address = connectingIp?.trim() ?? "";
  if (address === "") return "local";
  if (!address.includes(":")) return address;
  const [head = "", tail = ""] = address.toLowerCase().split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = Math.max(0, 8 - headGroups.length - tailGroups.length);
  const groups = address.includes("::") ? [...headGroups, ...Array<string>(missing).fill("0"), ...tailGroups] : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
