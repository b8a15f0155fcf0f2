const TOO_LARGE_CODE = 10;

/**
 * Whether the broker refused a message as too large (MESSAGE_TOO_LARGE, error code 10). kafkajs
 * may wrap the protocol error (retries exceeded, aggregates), so the causes are searched too.
 */
export function isMessageTooLarge(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const type: unknown = Reflect.get(error, 'type');
  const code: unknown = Reflect.get(error, 'code');
  if (type === 'MESSAGE_TOO_LARGE' || code === TOO_LARGE_CODE) return true;
  if (isMessageTooLarge(Reflect.get(error, 'cause'), depth + 1)) return true;
  const errors: unknown = Reflect.get(error, 'errors');
  return Array.isArray(errors) && errors.some((inner) => isMessageTooLarge(inner, depth + 1));
}
