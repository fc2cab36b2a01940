import { describe, expect, it } from "vitest";
import { addressRefusal, AddressRefusedError, checkFetchUrl, guardedLookup, isAllowedHost, loopbackAliases, parseAllowedHost } from "@/lib/security/address-guard";

describe("addressRefusal: which addresses may be fetched", () => {
  it.each([
    // IPv4
    ["127.0.0.1", "a loopback address"],
    ["127.255.255.254", "a loopback address"],
    ["10.0.0.5", "a private address"],
    ["172.16.0.1", "a private address"],
    ["172.31.255.255", "a private address"],
    ["192.168.1.1", "a private address"],
    ["169.254.169.254", "the cloud metadata address"],
    ["100.100.100.200", "the cloud metadata address"],
    ["169.254.1.1", "a link-local address"],
    ["100.64.0.1", "a shared (CGNAT) address"],
    ["100.127.255.255", "a shared (CGNAT) address"],
    ["224.0.0.1", "a multicast address"],
    ["239.255.255.250", "a multicast address"],
    ["0.0.0.0", "an unspecified address"],
    ["0.1.2.3", "an unspecified address"],
    ["255.255.255.255", "a reserved address"],
    ["240.0.0.1", "a reserved address"],
    ["198.18.0.1", "a reserved address"],
    ["192.0.2.1", "a documentation address"],
    // IPv6
    ["::1", "a loopback address"],
    ["::", "an unspecified address"],
    ["fe80::1", "a link-local address"],
    ["fe80::1%eth0", "a link-local address"],
    ["febf::1", "a link-local address"],
    ["fc00::1", "a unique local (private) address"],
    ["fd12:3456::1", "a unique local (private) address"],
    ["fd00:ec2::254", "the cloud metadata address"],
    ["ff02::1", "a multicast address"],
    ["fec0::1", "a site-local address"],
    ["2001:db8::1", "a documentation address"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "a Teredo tunnel address"],
    ["64:ff9b:1::a00:5", "a local-use NAT64 address"],
    // IPv4 inside IPv6: judged as the IPv4 address it reaches
    ["::ffff:127.0.0.1", "a loopback address"],
    ["::ffff:7f00:1", "a loopback address"],
    ["::ffff:a9fe:a9fe", "the cloud metadata address"],
    ["0:0:0:0:0:ffff:10.0.0.5", "a private address"],
    ["::127.0.0.1", "a loopback address"],
    ["64:ff9b::10.0.0.5", "a private address"],
    ["64:ff9b::a9fe:a9fe", "the cloud metadata address"],
    ["2002:7f00:1::1", "a loopback address"],
    ["2002:c0a8:101::", "a private address"],
  ])("refuses %s as %s", (address, rule) => {
    expect(addressRefusal(address)?.rule).toBe(rule);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "172.15.255.255",
    "172.32.0.1",
    "100.63.255.255",
    "100.128.0.1",
    "169.253.255.255",
    "192.169.0.1",
    "2606:4700:4700::1111",
    "2a00:1450:4001:82a::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
  ])("allows the public address %s", (address) => {
    expect(addressRefusal(address)).toBeNull();
  });

  it("names the form an embedded address came in", () => {
    expect(addressRefusal("::ffff:7f00:1")?.phrase).toBe("a loopback address 127.0.0.1 in IPv4-mapped form (::ffff:7f00:1)");
    expect(addressRefusal("64:ff9b::a00:5")?.phrase).toBe("a private address 10.0.0.5 in NAT64 form (64:ff9b::a00:5)");
    expect(addressRefusal("2002:a9fe:a9fe::")?.phrase).toBe("the cloud metadata address 169.254.169.254 in 6to4 form (2002:a9fe:a9fe::)");
  });
});

describe("checkFetchUrl", () => {
  const refusal = (url: string) => {
    try {
      checkFetchUrl(url);
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(AddressRefusedError);
      return (error as Error).message;
    }
  };

  it.each([
    ["http://127.0.0.1/a.png", "a loopback address 127.0.0.1"],
    ["http://2130706433/a.png", "a loopback address 127.0.0.1"],
    ["http://0x7f000001/", "a loopback address 127.0.0.1"],
    ["http://0x7f.1/", "a loopback address 127.0.0.1"],
    ["http://017700000001/", "a loopback address 127.0.0.1"],
    ["http://0177.0.0.1/", "a loopback address 127.0.0.1"],
    ["http://127.1/", "a loopback address 127.0.0.1"],
    ["http://0/", "an unspecified address 0.0.0.0"],
    ["http://169.254.169.254/latest/meta-data/", "the cloud metadata address 169.254.169.254"],
    ["http://0xa9fea9fe/", "the cloud metadata address 169.254.169.254"],
    ["http://2852039166/", "the cloud metadata address 169.254.169.254"],
    ["https://10.0.0.5:8443/x.jpg", "a private address 10.0.0.5"],
    ["http://[::1]:3000/", "a loopback address ::1"],
    ["http://[::ffff:127.0.0.1]/", "a loopback address 127.0.0.1 in IPv4-mapped form"],
    ["http://[::ffff:169.254.169.254]/", "the cloud metadata address 169.254.169.254 in IPv4-mapped form"],
    ["http://[64:ff9b::a9fe:a9fe]/", "the cloud metadata address 169.254.169.254 in NAT64 form"],
    ["http://[fd00:ec2::254]/", "the cloud metadata address fd00:ec2::254"],
    ["http://[fe80::1]/", "a link-local address fe80::1"],
    ["http://[fc00::1]/", "a unique local (private) address fc00::1"],
    ["http://100.64.0.1/", "a shared (CGNAT) address 100.64.0.1"],
    ["http://224.0.0.251/", "a multicast address 224.0.0.251"],
    ["ftp://example.com/a.png", "must be http or https, not ftp"],
    ["file:///etc/passwd", "must be http or https, not file"],
    ["gopher://example.com/", "must be http or https, not gopher"],
    ["http://user:secret@example.com/a.png", "must not carry a user name or password"],
    ["not a url", "not a valid absolute URL"],
  ])("refuses %s (%s)", (url, rule) => {
    expect(refusal(url)).toContain(rule);
  });

  it.each(["https://example.com/a.png", "http://93.184.215.14/a.png", "https://[2606:4700:4700::1111]/a.png", "http://localhost/a.png"])(
    "lets %s through to the connect-time check",
    (url) => {
      // A name is judged on its resolved address when the socket connects (guardedLookup).
      expect(refusal(url)).toBeNull();
    },
  );
});

describe("guardedLookup: the check on the answer the socket uses", () => {
  const lookup = (hostname: string, all: boolean) =>
    new Promise<unknown>((resolve, reject) =>
      guardedLookup(hostname, { all } as never, ((error: Error | null, address: unknown) => (error ? reject(error) : resolve(address))) as never),
    );

  it("refuses a name that resolves to loopback, naming the name and the address", async () => {
    await expect(lookup("localhost", false)).rejects.toThrow(/^localhost resolves to a loopback address (127\.0\.0\.1|::1); only public addresses are fetched$/);
    await expect(lookup("localhost", true)).rejects.toBeInstanceOf(AddressRefusedError);
  });

  it("passes on a resolver error as it is", async () => {
    await expect(lookup("does-not-exist.invalid", false)).rejects.toMatchObject({ code: expect.stringMatching(/ENOTFOUND|EAI_AGAIN/) });
  });
});

describe("IMAGE_FETCH_ALLOW_HOSTS entries", () => {
  it.each([
    ["127.0.0.1:4010", { hostname: "127.0.0.1", port: "4010" }],
    ["Images.Intranet", { hostname: "images.intranet", port: null }],
    ["[::1]:8080", { hostname: "[::1]", port: "8080" }],
    ["0x7f.1:99", { hostname: "127.0.0.1", port: "99" }],
  ])("reads %s", (entry, parsed) => {
    expect(parseAllowedHost(entry)).toEqual(parsed);
  });

  it.each(["http://x:1", "a:b", "host:port:1", "/path", ""])("refuses %s", (entry) => {
    expect(parseAllowedHost(entry)).toBeNull();
  });

  it("matches the URL's host and port (the scheme's default when none is written)", () => {
    const allowed = [parseAllowedHost("127.0.0.1:4010")!, parseAllowedHost("images.intranet")!, parseAllowedHost("cdn.lan:443")!];
    expect(isAllowedHost(new URL("http://127.0.0.1:4010/a.png"), allowed)).toBe(true);
    expect(isAllowedHost(new URL("http://2130706433:4010/a.png"), allowed)).toBe(true);
    expect(isAllowedHost(new URL("http://127.0.0.1:4011/a.png"), allowed)).toBe(false);
    expect(isAllowedHost(new URL("http://images.intranet:9999/a.png"), allowed)).toBe(true);
    expect(isAllowedHost(new URL("https://cdn.lan/a.png"), allowed)).toBe(true);
    expect(isAllowedHost(new URL("http://cdn.lan/a.png"), allowed)).toBe(false);
  });
});

describe("loopbackAliases", () => {
  it("names a loopback origin under each loopback name, same scheme and port", () => {
    expect(loopbackAliases("http://127.0.0.1:3000/api/sandbox/bfl")).toEqual(["http://127.0.0.1:3000", "http://localhost:3000", "http://[::1]:3000"]);
    expect(loopbackAliases("https://localhost")).toEqual(["https://127.0.0.1", "https://localhost", "https://[::1]"]);
  });

  it("leaves any other origin as it is", () => {
    expect(loopbackAliases("https://api.bfl.ai/v1")).toEqual(["https://api.bfl.ai"]);
    expect(loopbackAliases("http://127.0.0.2:3000")).toEqual(["http://127.0.0.2:3000"]);
  });
});
