export declare const PROVIDERS: readonly ["sqlite", "postgresql"];
export declare function renderSchema(source: string, provider: "sqlite" | "postgresql"): string;
export declare function writeSchemas(): { provider: "sqlite" | "postgresql"; file: string }[];
