// The types of ./runtime-packages.mjs, for the tests that read its list.
export declare const EXTERNAL: string[];
export declare const REQUIRED_BY_NAME: string[];
export declare const RUNTIME_PACKAGES: string[];
