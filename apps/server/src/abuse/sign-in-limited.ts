import { SetMetadata, type ExecutionContext } from '@nestjs/common';

const SIGN_IN_LIMITED = 'klaster:sign-in-limited';

/** Marks a sign-in or invitation route: it also counts against SIGN_IN_RATE_LIMIT_PER_ADDRESS. */
export const SignInLimited = () => SetMetadata(SIGN_IN_LIMITED, true);

export function isSignInLimited(context: ExecutionContext): boolean {
  return Reflect.getMetadata(SIGN_IN_LIMITED, context.getHandler()) === true || Reflect.getMetadata(SIGN_IN_LIMITED, context.getClass()) === true;
}
