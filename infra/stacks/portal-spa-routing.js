// CloudFront Function (cloudfront-js-2.0), viewer request of the portal's behaviour. The portal routes on the client
// (/portal/dossiers/HS01-…, /portal/verify?…): a path under /portal/ whose last segment has no file extension is a
// client route and gets /portal/index.html; files (assets, config.json) pass through. / and /portal go to /portal/.
// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls the function named handler.
function handler(event) {
  const request = event.request;
  const uri = request.uri;
  if (uri === '/' || uri === '/portal') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/portal/' } } };
  }
  if (uri.startsWith('/portal/') && !uri.slice(uri.lastIndexOf('/') + 1).includes('.')) {
    request.uri = '/portal/index.html';
  }
  return request;
}
