import { ValidationError } from '../errors/app-error.js';
import type { Email } from './email.value-object.js';
import { hasUnprintable } from './printable-text.js';

export const NAME_MAX_LENGTH = 100;

/** What a user is made of. `passwordHash` is the encoded scrypt string, never the password. */
export interface UserProps {
  readonly id: string;
  readonly name: string;
  readonly email: Email;
  readonly passwordHash: string;
  readonly createdAt: Date;
}

/** What may leave the system: no password, no hash. */
export interface PublicUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly createdAt: Date;
}

// #region user
/** A registered user. Built by `User.register` (validates) or `User.restore` (trusted data from storage). */
export class User {
  private constructor(private readonly props: UserProps) {}

  /** A new user: the name is trimmed and checked; the email is already a valid `Email`. */
  static register(props: UserProps): User {
    return new User({ ...props, name: User.checkName(props.name) });
  }

  /** The trimmed name, or a `ValidationError` on the `name` field. Cheap: call it before expensive work. */
  static checkName(raw: string): string {
    const name = raw.trim();
    if (name.length === 0) throw ValidationError.forField('name', 'required', 'name must not be empty');
    if (name.length > NAME_MAX_LENGTH) {
      throw ValidationError.forField('name', 'max_length', `name must be at most ${NAME_MAX_LENGTH} characters`);
    }
    if (hasUnprintable(name)) {
      throw ValidationError.forField('name', 'printable', 'name must not contain control or bidi characters');
    }
    return name;
  }

  /** Rebuilds a user read from storage, where it was validated on the way in. */
  static restore(props: UserProps): User {
    return new User(props);
  }

  get id(): string {
    return this.props.id;
  }
  get name(): string {
    return this.props.name;
  }
  get email(): Email {
    return this.props.email;
  }
  get passwordHash(): string {
    return this.props.passwordHash;
  }
  get createdAt(): Date {
    return this.props.createdAt;
  }

  /** A copy with another email (the caller has checked it is free). */
  withEmail(email: Email): User {
    return new User({ ...this.props, email });
  }

  /** The view every response uses: it has no password field to leak. */
  toPublic(): PublicUser {
    return { id: this.id, name: this.name, email: this.email.value, createdAt: this.createdAt };
  }
}
// #endregion user
