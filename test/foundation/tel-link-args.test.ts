import { describe, expect, it } from 'vitest';
import { findTelLinkArgument } from '../../src/main/tel-link-args.ts';

describe('findTelLinkArgument', () => {
  it('finds the link of a packaged first launch and of a development launch', () => {
    expect(findTelLinkArgument(['/opt/Hoiio/hoiio', 'tel:+14155550100'])).toBe('tel:+14155550100');
    expect(findTelLinkArgument(['electron', '.', 'TEL:+14155550100;ext=1'])).toBe('TEL:+14155550100;ext=1');
  });

  it('finds it among the switches Chromium adds to a second instance, whole', () => {
    const argv = [
      'C:\\Program Files\\Hoiio\\Hoiio.exe',
      '--allow-file-access-from-files',
      '--original-process-start-time=13345',
      'tel:415-555-0100;phone-context=+1;x=a=b',
    ];
    expect(findTelLinkArgument(argv)).toBe('tel:415-555-0100;phone-context=+1;x=a=b');
  });

  it('takes the last tel: argument and never the executable', () => {
    expect(findTelLinkArgument(['tel:+1', 'tel:+14155550100', 'tel:+6581234567'])).toBe('tel:+6581234567');
    expect(findTelLinkArgument(['tel:+14155550100'])).toBeNull();
  });

  it('ignores everything that is not a tel: URI', () => {
    expect(findTelLinkArgument([])).toBeNull();
    expect(findTelLinkArgument(['app', '--flag=tel:+1', 'http://x/tel:+1', ' tel:+1', 'telephone'])).toBeNull();
  });
});
