import kafkajs from 'kafkajs';
import type { PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { streamPartitioner } from '../../projections/kafka-bridge/stream-partitioner.js';

const partitions = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0 }));

describe('the stream partitioner', () => {
  it('gives every stream the partition kafkajs (and the Java client) would, the second time from memory', () => {
    const ours = streamPartitioner();
    const theirs = kafkajs.Partitioners.DefaultPartitioner();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 500; i++) {
        const args = { topic: 'shopverse.ordering.v1', partitionMetadata: partitions(6), message: { key: `order-${String(i)}`, value: '' } };
        expect(ours(args)).toBe(theirs(args));
      }
    }
  });

  it('hashes afresh when the topic has more partitions', () => {
    const ours = streamPartitioner();
    const theirs = kafkajs.Partitioners.DefaultPartitioner();
    const keys = Array.from({ length: 50 }, (_, i) => `payment-${String(i)}`);
    for (const key of keys) ours({ topic: 't', partitionMetadata: partitions(2), message: { key, value: '' } });
    const moved = keys.filter((key) => {
      const args = { topic: 't', partitionMetadata: partitions(12), message: { key, value: '' } };
      return ours(args) === theirs(args) && theirs(args) >= 2;
    });
    expect(moved.length).toBeGreaterThan(0);
    for (const key of keys) {
      const args = { topic: 't', partitionMetadata: partitions(12), message: { key, value: '' } };
      expect(ours(args)).toBe(theirs(args));
    }
  });
});
