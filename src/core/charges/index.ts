export { statutoryCharges, frenchContractFloor, type ContractFloor } from './statutory.ts';
export { regimeFor, STATUTORY, type StatutoryRegime } from './regimes.ts';
export { chargesWording, type ChargesWording } from './wording.ts';
export { rateTables, rateOn, type RateRow, type RateTable } from './rates.ts';
export { parseCustom } from './custom.ts';
export {
  ChargeInputError,
  REGIMES,
  type ChargeInput,
  type ChargeResult,
  type CustomCharges,
  type FeeCharge,
  type Payment,
  type Regime,
  type Segment,
} from './types.ts';
export { rateStatus, type RateStatus } from './status.ts';
export { chargedInvoiceNumber, chargesInvoiceReference, CHARGES_REFERENCE_PREFIX } from './reference.ts';
