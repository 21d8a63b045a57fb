/** Licence classes (准驾车型) a school may train for, in the order of GB/T and the licence itself. */
export const licenceClasses = [
  'A1',
  'A2',
  'A3',
  'B1',
  'B2',
  'C1',
  'C2',
  'C3',
  'C4',
  'C5',
  'D',
  'E',
  'F',
  'M',
  'N',
  'P',
] as const;
