// Where the hub may POST a bot's status callback (issue 11 point 2). A bot-supplied address must not make the hub
// reach its own network: targets that resolve (after DNS) to loopback, link-local, private, carrier-grade NAT,
// multicast/reserved or cloud metadata addresses are refused, unless the operator lists them in
// BATON_CALLBACK_ALLOW. Checked at intake (400 naming `callbackUrl`) and again right before each send, because
// a name can resolve somewhere else by then.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { fail, ok, type Result } from '../../shared/result';

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (also Alibaba's metadata 100.100.100.200)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, incl. the AWS/GCP/Azure metadata address 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments (incl. Oracle's 192.0.0.192 metadata)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) {
  blocked.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local (incl. AWS's IPv6 metadata fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64 to any IPv4 address
] as const) {
  blocked.addSubnet(net, bits, 'ipv6');
}

/** Whether an address is one the hub must not call unless allowed (IPv4-mapped IPv6 is judged as its IPv4). */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) return blocked.check(address, 'ipv6');
  return true;
}

/** BATON_CALLBACK_ALLOW entries: `host`, `host:port`, an IP, or a CIDR such as `10.1.0.0/16`. */
export interface CallbackAllowList {
  allows(url: URL, address?: string): boolean;
}

export function parseCallbackAllow(entries: string[] = []): CallbackAllowList {
  const nets = new BlockList();
  const hosts = new Set<string>();
  for (const raw of entries.map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    const cidr = /^([0-9a-f:.]+)\/(\d{1,3})$/.exec(raw);
    const family = cidr ? isIP(cidr[1]!) : 0;
    if (cidr && family) nets.addSubnet(cidr[1]!, Number(cidr[2]), family === 4 ? 'ipv4' : 'ipv6');
    else hosts.add(raw.replace(/^https?:\/\//, '').replace(/\/.*$/, ''));
  }
  return {
    allows(url, address) {
      const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
      const port = url.port || (url.protocol === 'https:' ? '443' : '80');
      if (hosts.has(host) || hosts.has(`${host}:${port}`) || hosts.has(`[${host}]:${port}`)) return true;
      if (address) {
        const family = isIP(address);
        if (family && nets.check(address, family === 4 ? 'ipv4' : 'ipv6')) return true;
      }
      return false;
    },
  };
}

export type Resolver = (hostname: string) => Promise<string[]>;
const dnsResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** Ok when every address the callback's host resolves to may be called; otherwise an `invalid` error on `callbackUrl`. */
export async function checkCallbackUrl(raw: string, allow: CallbackAllowList, resolve: Resolver = dnsResolver): Promise<Result<null>> {
  const refuse = (message: string): Result<null> => fail('invalid', `callbackUrl: ${message}`, [{ path: 'callbackUrl', message }]);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('is not a URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse('must be an http or https URL.');
  if (url.username || url.password) return refuse('must not carry credentials.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch {
    return refuse(`the host ${host} does not resolve.`);
  }
  if (!addresses.length) return refuse(`the host ${host} does not resolve.`);
  for (const address of addresses) {
    if (isInternalAddress(address) && !allow.allows(url, address)) {
      return refuse(
        `${host} resolves to ${address}, an internal (loopback, link-local, private or metadata) address the hub does not call. An operator can allow it in BATON_CALLBACK_ALLOW.`,
      );
    }
  }
  return ok(null);
}
