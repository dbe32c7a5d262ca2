import { Controller, Get, Header } from '@nestjs/common';
import { notFound } from '@klaster/domain';
import { Public } from '../auth/auth.guard';
import { SealKeeper } from './seal-keeper';

/** The server's public seal key, for anyone checking a seal, an export or a proof. */
@Public()
@Controller('.well-known')
export class SealKeyController {
  constructor(private readonly seals: SealKeeper) {}

  @Get('klaster-seal-key')
  @Header('Content-Type', 'application/x-pem-file; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  key(): string {
    if (!this.seals.key) throw notFound('This server does not sign its seals (SEAL_SIGNING=false)', 'seals_unsigned');
    return this.seals.key.publicKeyPem;
  }
}
