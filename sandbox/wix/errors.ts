/** Wix's error body and the HTTP status that goes with it. */
export class WixErrorResponse extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
  }
}

/** An application error: `{ message, details: { applicationError: { code, description, data } } }`. */
export function applicationError(status: number, code: string, description: string): WixErrorResponse {
  return new WixErrorResponse(status, { message: description, details: { applicationError: { code, description, data: {} } } });
}

export interface FieldViolation {
  field: string;
  description: string;
  violatedRule: 'REQUIRED_FIELD' | 'MAX' | 'MIN' | 'FORMAT' | 'CUSTOM';
}

/** A validation error: status 400 with `details.validationError.fieldViolations`. */
export function validationError(violations: FieldViolation[]): WixErrorResponse {
  return new WixErrorResponse(400, {
    message: 'invalid request',
    details: { validationError: { fieldViolations: violations.map((v) => ({ ...v, ruleName: '', data: {} })) } },
  });
}

/** Wix keeps system errors deliberately empty. */
export function systemError(status: number): WixErrorResponse {
  return new WixErrorResponse(status, { message: '', details: {} });
}
