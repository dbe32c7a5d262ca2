import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** Sessions that ended (sign-out, sign-out everywhere): the live gateway closes their sockets at once. */
export interface SessionsEnded {
  personId: string;
  /** The sessions that ended; all of the person's when `everywhere`. */
  sessionIds: string[];
  everywhere: boolean;
}

/** In-process news of ended sessions (each instance closes its own sockets; tokens are refused everywhere through the store). */
@Injectable()
export class SessionEvents extends EventEmitter {
  ended(news: SessionsEnded): void {
    this.emit('ended', news);
  }

  onEnded(listener: (news: SessionsEnded) => void): () => void {
    this.on('ended', listener);
    return () => this.off('ended', listener);
  }
}
