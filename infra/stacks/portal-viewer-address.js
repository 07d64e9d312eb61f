// CloudFront Function (cloudfront-js-2.0), viewer request of the behaviours that forward to the national API. It puts
// the viewer's address, as CloudFront saw the connection, in x-p06-viewer-address, replacing whatever the client sent,
// and drops any x-p06-edge-secret the client sent: the distribution adds its own as an origin custom header, with
// which the API trusts the address (shared/identity/viewer-address.ts, for the sign-in lockout).
// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls the function named handler.
function handler(event) {
  const request = event.request;
  delete request.headers['x-p06-edge-secret'];
  request.headers['x-p06-viewer-address'] = { value: event.viewer.ip };
  return request;
}
