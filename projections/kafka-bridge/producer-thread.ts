import { parentPort, workerData } from 'node:worker_threads';
import { isMessageTooLarge } from './kafka-errors.js';
import { kafkaLogLine } from './kafka-logging.js';
import { ProducerSession } from './producer-session.js';
import type { ProducerReply, ProducerRequest, ProducerThreadData } from './producer-thread-protocol.js';

/*
 * The producer thread: kafkajs encodes and sends here, on a core of its own, while the bridge's
 * thread reads the store and builds the next batch's messages (encoding was most of the bridge's CPU).
 */
const port = parentPort;
if (port === null) throw new Error('producer-thread runs as a worker thread');
const data = workerData as ProducerThreadData;
const post = (reply: ProducerReply): void => port.postMessage(reply);

const session = new ProducerSession({
  ...data,
  logCreator: () => (entry) => post({ kind: 'log', line: kafkaLogLine(entry) }),
  onTopicsReady: (created) => post({ kind: 'topics-ready', created: [...created] }),
});

async function handle(request: ProducerRequest): Promise<void> {
  try {
    if (request.kind === 'connect') await session.connect();
    else if (request.kind === 'send') await session.send(request.topicMessages);
    else await session.close();
    post({ kind: 'done', id: request.id });
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    post({ kind: 'failed', id: request.id, failure: { name, message, tooLarge: isMessageTooLarge(error) } });
  }
}

// One request at a time, in arrival order: a batch goes out only after the one before it was acked.
let queue = Promise.resolve();
port.on('message', (request: ProducerRequest) => {
  queue = queue.then(() => handle(request));
});
