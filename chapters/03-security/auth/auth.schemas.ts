import { z } from 'zod';
import { EMAIL_MAX_LENGTH } from '../../02-architecture/domain/email.value-object.js';
import { PASSWORD_MAX_LENGTH } from '../../02-architecture/domain/password-policy.js';
import { MAX_TOKEN_LENGTH } from './token-service.js';

// #region schemas
/**
 * Sign-in body. `z.string()` is what stops `{"email": {"$gt": ""}}`: an operator object is not a string, so it is a
 * 400 before any query is built. `strict()` refuses unknown keys, so nothing extra rides along to a repository.
 */
export const loginBody = z
  .object({
    email: z.string().max(EMAIL_MAX_LENGTH * 2),
    // No minimum beyond 1: the policy applied at registration; a sign-in must not reveal it.
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  })
  .strict()
  .meta({ description: 'Sign in with email and password' });

export const refreshBody = z
  .object({ refreshToken: z.string().min(1).max(MAX_TOKEN_LENGTH) })
  .strict()
  .meta({ description: 'Rotate a refresh token' });

export const tokenResponse = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int(),
    refreshToken: z.string(),
    refreshExpiresIn: z.number().int(),
  })
  .meta({ description: 'A new access token and the refresh token that replaces the one sent' });
// #endregion schemas
