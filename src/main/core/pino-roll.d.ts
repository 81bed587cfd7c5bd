// pino-roll 4.0.0 ships no types: the part of its API (README "build(options) => SonicBoom") we use.
declare module 'pino-roll' {
  import type { SonicBoom } from 'sonic-boom';

  interface PinoRollOptions {
    file: string | (() => string);
    size?: number | string;
    frequency?: number | string;
    extension?: string;
    symlink?: boolean;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
  }

  export default function build(options: PinoRollOptions): Promise<SonicBoom>;
}
