// Generates tests/js/merkle_vectors.json with OpenZeppelin's own StandardMerkleTree, so that
// tests/test_merkle.py checks artgen.merkle against the real library rather than against itself.
// Regenerate: cd tests/js && npm ci && npm run merkle-vectors
import { createHash } from 'node:crypto';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { keccak256 } from 'ethereum-cryptography/keccak.js';
import { bytesToHex, utf8ToBytes } from 'ethereum-cryptography/utils.js';

const digest = text => createHash('sha256').update(text).digest('hex');

// EIP-55 mixed-case checksum, the form artgen.merkle writes addresses in.
function checksumAddress(hex40) {
  const lower = hex40.toLowerCase();
  const hash = bytesToHex(keccak256(utf8ToBytes(lower)));
  return '0x' + [...lower].map((c, i) => (parseInt(hash[i], 16) >= 8 ? c.toUpperCase() : c)).join('');
}

// uint256 values as decimal strings (OpenZeppelin refuses JS numbers), with both extremes.
function amount(size, i) {
  if (i === 0) return '0';
  if (i === 1 && size > 2) return (2n ** 256n - 1n).toString();
  return BigInt('0x' + digest(`amount-${size}-${i}`).slice(0, 20)).toString();
}

const encodings = {
  'bytes32,uint256': (size, i) => ['0x' + digest(`salt-${size}-${i}`), amount(size, i)],
  'address,uint256': (size, i) => [checksumAddress(digest(`wallet-${size}-${i}`).slice(0, 40)), amount(size, i)],
};

const vectors = [];
for (const [key, make] of Object.entries(encodings)) {
  const leafEncoding = key.split(',');
  for (const size of [1, 2, 3, 7, 8, 100]) {
    const values = Array.from({ length: size }, (_, i) => make(size, i));
    const tree = StandardMerkleTree.of(values, leafEncoding);
    vectors.push({
      leafEncoding,
      values,
      root: tree.root,
      proofs: values.map((_, i) => tree.getProof(i)),
      dump: tree.dump(),
      render: size <= 8 ? tree.render() : null,
    });
  }
}
process.stdout.write(JSON.stringify({ generator: '@openzeppelin/merkle-tree 1.0.8', vectors }, null, 1) + '\n');
