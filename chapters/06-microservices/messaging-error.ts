import { CodedError } from '../../platform/errors/coded-error.js';

/**
 * Chapter 6's messaging errors, under the workbook's one root `CodedError` (stable `code`, class `name`, optional
 * `cause`). Callers branch on `code` (or `instanceof`), never on message text.
 */
export abstract class MessagingError extends CodedError {}

/** The broker did not confirm a publish within the allowed time (it may or may not have stored the message). */
export class PublishTimeoutError extends MessagingError {
  readonly code = 'PUBLISH_TIMEOUT';
}

/** The broker refused a publish (a nack): it did not take responsibility for the message. */
export class PublishRejectedError extends MessagingError {
  readonly code = 'PUBLISH_REJECTED';
}

/** The bus was closed on purpose; nothing more is published or consumed through it. */
export class BusClosedError extends MessagingError {
  readonly code = 'BUS_CLOSED';
}

/** A message body that is not the JSON the bus writes: retrying cannot help, so it is dead-lettered at once. */
export class UnparsableMessageError extends MessagingError {
  readonly code = 'MESSAGE_UNPARSABLE';
}

/**
 * Thrown by a handler for a message that can never succeed (invalid payload, unknown version):
 * the bus dead-letters it at once instead of retrying.
 */
export class UnprocessableMessageError extends MessagingError {
  readonly code = 'MESSAGE_UNPROCESSABLE';
}

/** An option outside its allowed range, named with what is allowed. */
export class InvalidMessagingOptionError extends MessagingError {
  readonly code = 'MESSAGING_OPTION_INVALID';
}

/** The broker at the configured URL did not accept a connection when the bus started. */
export class BrokerUnreachableError extends MessagingError {
  readonly code = 'BROKER_UNREACHABLE';
}
