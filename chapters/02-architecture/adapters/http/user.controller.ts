import type { Request, Response } from 'express';
import type { RegisterUser } from '../../application/register-user.use-case.js';
import type { PublicUser } from '../../domain/user.entity.js';
import { parseBody } from './parse-body.js';
import { registerUserBody, type UserResponse } from './user.schemas.js';

/** The JSON a client sees for a user. Built field by field: nothing else on the object can slip out. */
export function toUserResponse(user: PublicUser): UserResponse {
  return { id: user.id, name: user.name, email: user.email, createdAt: user.createdAt.toISOString() };
}

export interface UserController {
  register(req: Request, res: Response): Promise<void>;
}

// #region controller
/**
 * Translates HTTP to the use case and back, and does nothing else: no status decided from an error message, no
 * try/catch. A thrown error goes to the one error middleware (Express 5 forwards rejected promises).
 */
export function createUserController(registerUser: RegisterUser): UserController {
  return {
    async register(req, res) {
      const body = parseBody(registerUserBody, req.body);
      const { user } = await registerUser(body);
      res.status(201).location(`${req.baseUrl}/${user.id}`).json(toUserResponse(user));
    },
  };
}
// #endregion controller
