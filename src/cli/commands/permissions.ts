import { InputError } from '../../model/errors.js';
import { AWS_API_CALLS, awsLeastPrivilegePolicy } from '../../connectors/aws/index.js';
import { GCP_API_CALLS, gcpPermissionsText } from '../../connectors/gcp/index.js';
import type { CliCommand } from './types.js';

/**
 * Providers whose least-privilege policy aispm can print. The GCP engineer adds `gcp` here
 * (a function returning the text to print).
 */
export const PERMISSION_PRINTERS: Record<string, { describe: string; print(): string }> = {
  aws: {
    describe: `IAM policy JSON allowing exactly the ${AWS_API_CALLS.length} read-only calls the AWS connector makes`,
    print: () => `${JSON.stringify(awsLeastPrivilegePolicy(), null, 2)}\n`,
  },
  gcp: {
    describe: `IAM permissions (and predefined roles) for exactly the ${GCP_API_CALLS.length} read-only calls the GCP connector makes`,
    print: gcpPermissionsText,
  },
};

export const permissionsCommand: CliCommand = {
  register(program, ctx) {
    program
      .command('permissions')
      .description('print the least-privilege read-only policy a scan needs, generated from the calls the connectors declare')
      .argument('<provider>', `one of: ${Object.keys(PERMISSION_PRINTERS).join(', ')}`)
      .action((provider: string) => {
        const printer = PERMISSION_PRINTERS[provider];
        if (!printer) throw new InputError(`permissions: unknown provider "${provider}"; expected one of: ${Object.keys(PERMISSION_PRINTERS).join(', ')}`);
        ctx.io.stdout.write(printer.print());
      });
  },
};
