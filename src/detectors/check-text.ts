// The shape of one finding's text, shared by the general and the Hermes-specific tables.
export type Params = Record<string, string>;

export interface CheckText {
  title: string;
  explanation: string;
  action: string;
}
