/** A newsletter issue's id: the month it is sent in, `yyyy-mm`. */
export const issueIdPattern = /^\d{4}-(0[1-9]|1[0-2])$/;
