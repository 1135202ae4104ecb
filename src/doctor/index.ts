export { runDoctor, DEFAULT_MODULE, MORE_COMMANDS, type DoctorOptions, type DoctorDeps } from './run.js';
export { renderJson, renderText, useColor } from './render.js';
export { readGoEnv, type GoEnvReader, type GoEnvResult } from './go-env.js';
export { DoctorUsageError } from './types.js';
export type { DoctorReport, Target, Check, CheckStatus, StaticChecker, StaticFinding } from './types.js';
