/**
 * The fleet file: which virtual cars to run and who trains in them. The server writes one for the demo
 * fleet (from filed terminals, coaches, trainees and teaching areas); tests and benchmarks build their own.
 * Numbers are exactly as terminals send them on the wire.
 */
export type FleetFile = {
  /** Where the cars connect, unless the command line says otherwise. */
  gateway?: { host: string; port: number };
  cars: FleetCar[];
};

export type FleetCar = {
  /** 计时终端编号, 16 characters. */
  terminalNumber: string;
  /** The SIM number the header carries as its phone field. */
  phone: string;
  imei: string;
  /** 出厂序列号 (7 characters) sent in 0x0100. */
  serialNumber: string;
  maker: string;
  model: string;
  /** GB/T 2260 code of the county the car is filed in (province = first 2 digits, city/county = last 4). */
  regionCode: string;
  plate: string;
  /** JT/T 415 plate colour (1 blue, 2 yellow, …); training cars are yellow. */
  plateColor: number;
  licenceClass: string;
  /** Header layout the terminal speaks. */
  protocol: '2013' | '2019' | 'jiapei';
  /**
   * 鉴权码 the platform gave this terminal earlier (JT/T 808 layouts). With it the simulator skips
   * 0x0100 and authenticates directly; without it, it registers first and keeps the code from 0x8100.
   */
  authCode?: string;
  /** PKCS#8 PEM of the terminal's RSA key, when the deployment checks 驾培 signatures. */
  privateKeyPem?: string;
  coach: { coachNumber: string; idNumber: string; licenceClass: string };
  trainees: { traineeNumber: string; licenceClass: string }[];
  /** The teaching area the car drives in: a GeoJSON Polygon, [lon, lat] WGS-84. */
  area: { type: 'Polygon'; coordinates: [number, number][][] };
};
