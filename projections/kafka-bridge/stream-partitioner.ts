import kafkajs from 'kafkajs';
import type { ICustomPartitioner } from 'kafkajs';

const { Partitioners } = kafkajs;

/** Streams remembered at most; then the memory starts again (a cost, never a different answer). */
const REMEMBERED_STREAMS = 100_000;

/**
 * kafkajs's default partitioner (murmur2 of the key, as the Java client), remembering each stream's
 * partition: a stream's events come in runs, and hashing every message was a tenth of the bridge's CPU.
 * The memory is per topic and partition count, so a topic that gains partitions is hashed afresh.
 */
export const streamPartitioner: ICustomPartitioner = () => {
  const hash = Partitioners.DefaultPartitioner();
  const remembered = new Map<string, number>();
  return (args) => {
    const { topic, partitionMetadata, message } = args;
    if (typeof message.key !== 'string') return hash(args);
    const memo = `${topic}\u0000${String(partitionMetadata.length)}\u0000${message.key}`;
    const known = remembered.get(memo);
    if (known !== undefined) return known;
    const partition = hash(args);
    if (remembered.size >= REMEMBERED_STREAMS) remembered.clear();
    remembered.set(memo, partition);
    return partition;
  };
};
