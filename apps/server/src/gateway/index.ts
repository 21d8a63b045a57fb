export { startGateway, type Gateway, type GatewayDeps } from './tcp-server.ts';
