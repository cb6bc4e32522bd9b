import { describe, expect, it } from "vitest";
import { clientAddressKey } from "../../src/domain/client-address.ts";

describe("clientAddressKey", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    [" 203.0.113.9 ", "203.0.113.9"],
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:ffff::1", "2001:db8:1:2::/64"],
    ["2001:DB8:1:2::", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    [undefined, "local"],
    ["", "local"],
  ])("%j → %j", (address, key) => {
    expect(clientAddressKey(address)).toBe(key);
  });
});
