// electron-builder `afterSign` hook: says plainly what was and was not signed, from the same
// environment variables electron-builder reads, and fails a release build that must be signed
// (HOIIO_REQUIRE_SIGNING=1) but was not. Signing and notarization themselves are electron-builder's.
/* global process, console, module */
'use strict';

/** Which signing inputs the environment provides for `platform` ('darwin' | 'win32' | 'linux'). */
function signingStatus(platform, env) {
  if (platform === 'darwin') {
    const identity = Boolean(env.CSC_LINK || env.CSC_NAME);
    const notarization = Boolean(
      (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) ||
      (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER),
    );
    return {
      signed: identity,
      notarized: identity && notarization,
      note: identity ? '' : 'signed ad hoc only (fuses reset)',
    };
  }
  if (platform === 'win32') {
    const identity = Boolean(env.WIN_CSC_LINK || env.CSC_LINK);
    return { signed: identity, notarized: false, note: identity ? '' : 'unsigned: SmartScreen will warn users' };
  }
  return { signed: false, notarized: false, note: 'Linux packages are not code-signed' };
}

async function afterSign(context) {
  const platform = context.electronPlatformName;
  const status = signingStatus(platform, process.env);
  console.log(`[after-sign] ${platform}: signed=${status.signed} notarized=${status.notarized} ${status.note}`.trim());
  if (process.env.HOIIO_REQUIRE_SIGNING === '1' && platform !== 'linux' && !status.signed) {
    throw new Error(`HOIIO_REQUIRE_SIGNING=1 but no signing identity is configured for ${platform}`);
  }
}

module.exports = afterSign;
module.exports.default = afterSign;
module.exports.signingStatus = signingStatus;
