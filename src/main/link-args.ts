/**
 * Where a click-to-call link reaches the shell, per platform (pure; no electron import):
 * - Windows and Linux: the OS starts the app, or a second instance of it, with the link as a
 *   command-line argument among whatever switches Electron and Chromium add;
 * - macOS: the link comes as an `open-url` event, never in argv.
 * Arguments are whole strings: a link is never split. Parsing it is the core's job
 * (`parseCallLink`), so a bad link reaches the banner with its reason.
 */

const LINK_SCHEME = /^(?:tel|callto):/i;

/** The last argument that is a tel: or callto: link (skipping the executable), or null. */
export function findCallLinkArgument(argv: readonly string[]): string | null {
  for (let index = argv.length - 1; index >= 1; index -= 1) {
    const argument = argv[index];
    if (typeof argument === 'string' && LINK_SCHEME.test(argument)) return argument;
  }
  return null;
}

/**
 * The link a launch carries on `platform` (`process.platform`), or null: macOS delivers links
 * through `open-url` only, so an argument that looks like one there is ignored.
 */
export function linkFromLaunch(platform: NodeJS.Platform, argv: readonly string[]): string | null {
  if (platform === 'darwin') return null;
  return findCallLinkArgument(argv);
}
