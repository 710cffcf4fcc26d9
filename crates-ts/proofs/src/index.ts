/** `@gatos/proofs`: Proof-of-Experiment create, verify and reproduce (SPEC-DIGEST §4). */
export {};
