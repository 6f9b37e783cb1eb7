// Finds Mistral in a Keystone v3 catalog by service type, interface and region.
import { CliError } from '../errors.js';

export interface CatalogEndpoint {
  url: string;
  interface: string;
  region?: string;
  region_id?: string;
}

export interface CatalogEntry {
  type: string;
  name?: string;
  endpoints: CatalogEndpoint[];
}

/** `publicURL` → `public` etc.: python-mistralclient's endpoint types are keystoneauth interfaces. */
export function normaliseInterface(value: string | undefined): string {
  const v = (value || 'public').trim();
  return v.endsWith('URL') ? v.slice(0, -3) : v;
}

export interface EndpointQuery {
  serviceType: string;
  interface: string;
  region?: string;
}

export function findEndpoint(catalog: CatalogEntry[], query: EndpointQuery): string {
  const wanted = normaliseInterface(query.interface);
  for (const service of catalog) {
    if (service.type !== query.serviceType) continue;
    for (const endpoint of service.endpoints ?? []) {
      const region = endpoint.region_id ?? endpoint.region;
      if (endpoint.interface !== wanted) continue;
      if (query.region && region !== query.region) continue;
      return endpoint.url.replace(/\/+$/, '');
    }
  }
  // The reference fell back to http://localhost:8989/v2 here without a word.
  const where = `service type '${query.serviceType}', interface '${wanted}'${query.region ? `, region '${query.region}'` : ', any region'}`;
  throw new CliError(`no Mistral endpoint in the home cloud's service catalog for ${where}; set --os-mistral-url or check OS_MISTRAL_SERVICE_TYPE, OS_MISTRAL_ENDPOINT_TYPE/OS_INTERFACE and OS_REGION_NAME`);
}

/** Every region a catalog names, in order of appearance. */
export function regionsOf(catalog: CatalogEntry[]): string[] {
  const regions = catalog.flatMap((service) => (service.endpoints ?? []).map((e) => e.region_id ?? e.region)).filter((r): r is string => Boolean(r));
  return [...new Set(regions)];
}
