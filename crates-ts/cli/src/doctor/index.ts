/** `git gatos doctor`: checks over the repository ports, each reporting findings with stable ids. */
export { runDoctor, doctorChecks } from './runDoctor.js';
export type { DoctorReport } from './runDoctor.js';
export type { Finding, FindingId, Severity, Check, DoctorContext } from './finding.js';
