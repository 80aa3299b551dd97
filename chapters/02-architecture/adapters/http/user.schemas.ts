import { z } from 'zod';
import { EMAIL_MAX_LENGTH } from '../../domain/email.value-object.js';
import { NAME_MAX_LENGTH } from '../../domain/user.entity.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../domain/password-policy.js';

// #region schemas
/**
 * Request and response bodies of the users API: one schema per body, used to validate requests here and to
 * produce the OpenAPI document (`z.toJSONSchema`) in the capstone. The shape is checked here; the domain still
 * checks the values (the email format, for one, is the `Email` value object's job).
 */
export const registerUserBody = z
  .object({
    name: z.string().trim().min(1).max(NAME_MAX_LENGTH),
    // Length only: `max` runs before anything else looks at the string; the format check lives in the domain.
    email: z
      .string()
      .max(EMAIL_MAX_LENGTH * 2)
      .meta({ format: 'email', maxLength: EMAIL_MAX_LENGTH }),
    password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
  })
  .meta({ description: 'Create an account' });

export const userResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().meta({ format: 'email' }),
    createdAt: z.iso.datetime(),
  })
  .meta({ description: 'A registered user; never carries the password or its hash' });
// #endregion schemas

export type UserResponse = z.infer<typeof userResponse>;
