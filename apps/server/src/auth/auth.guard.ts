import { CanActivate, ExecutionContext, Injectable, SetMetadata, UnauthorizedException, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { TokenVerifier } from '@klaster/identity';

const PUBLIC = 'klaster:public';
/** Marks a route that needs no token (health, API docs). */
export const Public = () => SetMetadata(PUBLIC, true);

export interface AuthenticatedRequest extends Request {
  personId?: string;
}

/** Every route needs `Authorization: Bearer <jwt>` unless marked @Public(); `sub` is the person id. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('Send Authorization: Bearer <token>');
    try {
      request.personId = await this.verifier.personId(token);
    } catch (error) {
      throw new UnauthorizedException(`The token was refused: ${(error as Error).message}`);
    }
    return true;
  }
}

/** The authenticated person's id, as a controller parameter. */
export const PersonId = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const id = context.switchToHttp().getRequest<AuthenticatedRequest>().personId;
  if (!id) throw new UnauthorizedException();
  return id;
});
