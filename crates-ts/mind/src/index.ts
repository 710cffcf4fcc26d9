/** `@gatos/mind`: the commit-backed message bus. */
export {};
