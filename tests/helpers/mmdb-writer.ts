/**
 * A minimal MaxMind DB (MMDB v2) writer for tests, so GeoIP code can be exercised against
 * real binary files without shipping licensed databases. Follows
 * https://maxmind.github.io/MaxMind-DB/: a binary search tree with 24-bit records, a 16-byte
 * separator, the data section, then the metadata map after the "\xAB\xCD\xEFMaxMind.com"
 * marker. IPv4 networks in an IPv6 tree live under ::/96 (no ::ffff:0:0/96 alias).
 * Insert broader networks before narrower ones that overlap them.
 */

export type MmdbValue =
  | string
  | number
  | boolean
  | MmdbUint
  | readonly MmdbValue[]
  | { readonly [key: string]: MmdbValue };

/** Forces an unsigned integer width; plain numbers become uint32 (or double if fractional). */
export class MmdbUint {
  constructor(
    readonly bits: 16 | 32 | 64,
    readonly value: number | bigint,
  ) {}
}

export interface MmdbNetwork {
  /** CIDR, e.g. '203.0.113.0/24' or '2001:db8::/32'. */
  network: string;
  data: MmdbValue;
}

export interface MmdbOptions {
  ipVersion: 4 | 6;
  databaseType: string;
  networks: MmdbNetwork[];
  languages?: string[];
  description?: Record<string, string>;
}

type Leaf = { offset: number };
type Child = TreeNode | Leaf | undefined;
interface TreeNode {
  children: [Child, Child];
}

const METADATA_MARKER = Buffer.from('abcdef4d61784d696e642e636f6d', 'hex');

export function writeMmdb(opts: MmdbOptions): Buffer {
  const data: Buffer[] = [];
  const offsets = new Map<string, number>();
  let dataLength = 0;
  const root: TreeNode = { children: [undefined, undefined] };

  for (const { network, data: value } of opts.networks) {
    const key = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
    let offset = offsets.get(key);
    if (offset === undefined) {
      const encoded = encode(value);
      offset = dataLength;
      offsets.set(key, offset);
      data.push(encoded);
      dataLength += encoded.length;
    }
    insert(root, networkBits(network, opts.ipVersion), { offset });
  }

  const nodes = numberNodes(root);
  const nodeCount = nodes.size;
  const tree = Buffer.alloc(nodeCount * 6);
  for (const [node, index] of nodes) {
    node.children.forEach((child, side) => {
      const record =
        child === undefined
          ? nodeCount
          : 'offset' in child
            ? nodeCount + 16 + child.offset
            : nodes.get(child)!;
      tree.writeUIntBE(record, index * 6 + side * 3, 3);
    });
  }

  const metadata = encode({
    node_count: new MmdbUint(32, nodeCount),
    record_size: new MmdbUint(16, 24),
    ip_version: new MmdbUint(16, opts.ipVersion),
    database_type: opts.databaseType,
    languages: opts.languages ?? ['en'],
    binary_format_major_version: new MmdbUint(16, 2),
    binary_format_minor_version: new MmdbUint(16, 0),
    build_epoch: new MmdbUint(64, BigInt(Math.floor(Date.now() / 1000))),
    description: opts.description ?? { en: 'Cairn test database' },
  });
  return Buffer.concat([tree, Buffer.alloc(16), ...data, METADATA_MARKER, metadata]);
}

function insert(root: TreeNode, bits: number[], leaf: Leaf): void {
  let node = root;
  for (let i = 0; i < bits.length - 1; i++) {
    const side = bits[i]!;
    let next = node.children[side];
    // Splitting a broader network: both halves keep its data until overwritten below.
    if (next === undefined || 'offset' in next) {
      next = { children: [next, next] };
      node.children[side] = next;
    }
    node = next;
  }
  node.children[bits[bits.length - 1]!] = leaf;
}

/** Breadth-first numbering; the root must be node 0. */
function numberNodes(root: TreeNode): Map<TreeNode, number> {
  const order = new Map<TreeNode, number>([[root, 0]]);
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    for (const child of queue[i]!.children) {
      if (child && !('offset' in child) && !order.has(child)) {
        order.set(child, order.size);
        queue.push(child);
      }
    }
  }
  return order;
}

function networkBits(cidr: string, ipVersion: 4 | 6): number[] {
  const [address = '', prefixText] = cidr.split('/');
  const isV4 = address.includes('.');
  if (!isV4 && ipVersion === 4) throw new Error(`IPv6 network ${cidr} in an IPv4 database`);
  const bytes = isV4 ? address.split('.').map(Number) : ipv6Bytes(address);
  const prefix = Number(prefixText ?? bytes.length * 8);
  const bits = bytes.flatMap((byte) => [7, 6, 5, 4, 3, 2, 1, 0].map((s) => (byte >> s) & 1));
  const padded = isV4 && ipVersion === 6 ? [...new Array<number>(96).fill(0), ...bits] : bits;
  const length = (isV4 && ipVersion === 6 ? 96 : 0) + prefix;
  if (!(length > 0 && length <= padded.length)) throw new Error(`Bad prefix in ${cidr}`);
  return padded.slice(0, length);
}

function ipv6Bytes(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = new Array<string>(8 - left.length - right.length).fill('0');
  const groups = [...left, ...zeros, ...right];
  return groups.flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

function encode(value: MmdbValue): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([control(2, bytes.length), bytes]);
  }
  if (typeof value === 'boolean') return control(14, value ? 1 : 0);
  if (typeof value === 'number') {
    const isUint32 = Number.isInteger(value) && value >= 0 && value < 2 ** 32;
    if (isUint32) return encode(new MmdbUint(32, value));
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleBE(value);
    return Buffer.concat([control(3, 8), bytes]);
  }
  if (value instanceof MmdbUint) {
    const type = value.bits === 16 ? 5 : value.bits === 32 ? 6 : 9;
    const bytes = unsignedBytes(BigInt(value.value));
    return Buffer.concat([control(type, bytes.length), bytes]);
  }
  if (Array.isArray(value)) {
    return Buffer.concat([control(11, value.length), ...value.map(encode)]);
  }
  const entries = Object.entries(value as Record<string, MmdbValue>);
  const parts = entries.flatMap(([key, item]) => [encode(key), encode(item)]);
  return Buffer.concat([control(7, entries.length), ...parts]);
}

/** Big-endian with no leading zero bytes (zero itself is zero bytes long). */
function unsignedBytes(value: bigint): Buffer {
  const bytes: number[] = [];
  for (let v = value; v > 0n; v >>= 8n) bytes.unshift(Number(v & 0xffn));
  return Buffer.from(bytes);
}

/** Control byte, then the extended-type byte (types > 7), then any extra size bytes. */
function control(type: number, size: number): Buffer {
  const head: number[] = [];
  let sizeBytes: number[] = [];
  let sizeBits = size;
  if (size >= 65_821) {
    sizeBits = 31;
    const rest = size - 65_821;
    sizeBytes = [(rest >> 16) & 0xff, (rest >> 8) & 0xff, rest & 0xff];
  } else if (size >= 285) {
    sizeBits = 30;
    sizeBytes = [((size - 285) >> 8) & 0xff, (size - 285) & 0xff];
  } else if (size >= 29) {
    sizeBits = 29;
    sizeBytes = [size - 29];
  }
  if (type <= 7) head.push((type << 5) | sizeBits);
  else head.push(sizeBits, type - 7);
  return Buffer.from([...head, ...sizeBytes]);
}
