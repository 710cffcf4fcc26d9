/** `@gatos/compute`: the job plane. */
export {};
