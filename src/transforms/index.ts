import apkNoCache from './apk-no-cache.js';
import aptListsCleanup from './apt-lists-cleanup.js';
import aptNoInstallRecommends from './apt-no-install-recommends.js';
import aptNoninteractive from './apt-noninteractive.js';
import aptUpdateSameRun from './apt-update-same-run.js';
import dockerignore from './dockerignore.js';
import goBuildCacheMount from './go-build-cache-mount.js';
import goInstallPinned from './go-install-pinned.js';
import goModCacheMount from './go-mod-cache-mount.js';
import goModLayerOrder from './go-mod-layer-order.js';
import goProxyArgs from './go-proxy-args.js';
import goToolchainMatch from './go-toolchain-match.js';
import gosumdbOff from './gosumdb-off.js';
import secretsInBuild from './secrets-in-build.js';
import staticBinary from './static-binary.js';
import syntaxDirective from './syntax-directive.js';
import type { Transform } from './transform.js';

/**
 * Every transform, in the order the pipeline runs them. Rules that add BuildKit features come
 * before `syntax-directive`, so one pass adds the directive they need.
 */
export const transforms: readonly Transform[] = [
  goModLayerOrder,
  goModCacheMount,
  goBuildCacheMount,
  goProxyArgs,
  gosumdbOff,
  secretsInBuild,
  goToolchainMatch,
  aptNoninteractive,
  aptNoInstallRecommends,
  aptUpdateSameRun,
  aptListsCleanup,
  apkNoCache,
  staticBinary,
  dockerignore,
  // slot: extra rules (add below this line, one per line)
  goInstallPinned,
  syntaxDirective,
];

export function findTransform(id: string): Transform | undefined {
  return transforms.find((t) => t.id === id);
}

export type { Transform } from './transform.js';
