/** `@gatos/gate`: Stargate, the pre-receive push gate. */
export {};
