import type { Pluggable } from '@smithy/types';

/** Thrown before a request is sent when a command is not on the read-only allowlist. */
export class ReadOnlyViolationError extends Error {
  override name = 'ReadOnlyViolationError';
}

/**
 * A middleware for every client: any command whose operation is not in `allowed` throws before serialisation,
 * so a mutating call can never reach the network, whatever code asks for it.
 */
export function readOnlyGuard(service: string, allowed: ReadonlySet<string>): Pluggable<any, any> {
  return {
    applyToStack(stack) {
      stack.add(
        (next, context) => async (args) => {
          const operation = String(context.commandName ?? '').replace(/Command$/, '');
          if (!allowed.has(operation)) {
            throw new ReadOnlyViolationError(`aispm is read-only: ${service}:${operation} is not on the allowlist of read-only calls`);
          }
          return next(args);
        },
        { step: 'initialize', name: 'aispmReadOnlyGuard', priority: 'high' },
      );
    },
  };
}
